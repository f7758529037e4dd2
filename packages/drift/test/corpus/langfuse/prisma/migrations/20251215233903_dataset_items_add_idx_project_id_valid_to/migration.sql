-- CreateIndex
CREATE INDEX "dataset_items_project_id_valid_to_idx" ON "dataset_items"("project_id", "valid_to");
