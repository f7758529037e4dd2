-- DropTable
DROP TABLE IF EXISTS "prompt_request_comments";

-- DropTable
DROP TABLE IF EXISTS "prompt_requests";
