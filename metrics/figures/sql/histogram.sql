-- Counts of valid spans of one interval per bin; bin i holds edges[i] <= seconds < edges[i+1], the
-- last bin is open-ended. Bins with no span are absent (the program fills them with 0).
SELECT
    len(list_filter($edges::INTEGER[], lambda e: e <= seconds)) - 1 AS bin,
    count(*) AS n
FROM spans
WHERE interval_id = $interval AND status = 'valid'
GROUP BY bin
ORDER BY bin;
