-- Per file with calls in the period: how many, and how many name a district of the campaign's list
-- ($districts). A district map that does not fit, or a campaign file of another center, shows as a
-- share far below 1.
SELECT f.name, count(*) AS calls, count(*) FILTER (WHERE list_contains($districts::VARCHAR[], c.district)) AS matched
FROM period_calls($start, $end) AS c
JOIN ingest_files AS f USING (file_id)
GROUP BY f.file_id, f.name
ORDER BY f.file_id;
