-- DropIndex
DROP INDEX CONCURRENTLY "job_executions_job_input_trace_id_idx";

