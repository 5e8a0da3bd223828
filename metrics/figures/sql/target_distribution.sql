-- For one response-time target: its valid spans per tier (tier_spans.sql) as (tier, length in
-- seconds, how many); figures/quantile.go computes each tier's quantiles and, merging the tiers, the
-- overall ones.
SELECT tier, seconds, count(*)
FROM tier_spans($interval, $tier_field)
GROUP BY ALL
ORDER BY ALL;
