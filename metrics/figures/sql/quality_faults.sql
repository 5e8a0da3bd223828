-- Faults counted per check and action over all files (level 'check'), per file, check and action
-- (level 'file') and per district, check and action (level 'district'; district NULL is the
-- unknown district). Within a level: quarantine before flag, most frequent first.
SELECT
    CASE
        WHEN grouping(file_id) = 0 THEN 'file'
        WHEN grouping(district) = 0 THEN 'district'
        ELSE 'check'
    END AS level,
    file_id,
    district,
    check_name,
    action,
    count(*) AS n
FROM faults()
GROUP BY GROUPING SETS ((check_name, action), (file_id, check_name, action), (district, check_name, action))
ORDER BY level, file_id, district NULLS LAST, action = 'flag', n DESC, check_name;
