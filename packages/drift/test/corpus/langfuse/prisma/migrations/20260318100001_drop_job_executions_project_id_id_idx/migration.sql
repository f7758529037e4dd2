-- DropIndex
DROP INDEX CONCURRENTLY IF EXISTS "job_executions_project_id_id_idx";
