-- CreateIndex
CREATE INDEX CONCURRENTLY "scores_source_idx" ON "scores"("source");
