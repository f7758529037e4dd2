-- CreateIndex
CREATE INDEX "traces_release_idx" ON "traces"("release");
