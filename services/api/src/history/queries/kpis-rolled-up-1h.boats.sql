-- Snapshot of HISTORY_SQL.KPIS_ROLLED_UP_1H.boats in ../history.repository.ts (history.repository.spec.ts fails when they differ).
-- No parameters. The newest bucket of boat_fleet_activity_1h, the roll-up behind the boats KPI series (one descent of its bucket
-- index); the api answers its end as rolledUpTo: the series' buckets from there on are not rolled up yet.
SELECT to_char(max(bucket) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS last_bucket_text FROM boat_fleet_activity_1h
