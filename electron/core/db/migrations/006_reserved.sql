-- Placeholder on branch h15 only: number 006 belongs to another change. Drop this file when merging.
SELECT 1;
