-- DropIndex
DROP INDEX CONCURRENTLY "job_executions_job_output_score_id_idx";

