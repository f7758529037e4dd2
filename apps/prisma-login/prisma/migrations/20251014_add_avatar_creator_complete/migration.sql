-- Avatar Creator + Pose Generator (complete).
-- As in postmortem 002_89ba75fe544c3693.txt: new tables, indexes and foreign
-- keys only. The five unlimitedPose* columns that schema.prisma adds to
-- model User have NO "ALTER TABLE users" here; that omission is the incident.

-- CreateTable
CREATE TABLE "avatar_projects" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "avatar_projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "avatars" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "baseImageUrl" TEXT NOT NULL,
    "thumbnailUrl" TEXT,
    "gender" TEXT,
    "ageRange" TEXT,
    "style" TEXT,
    "sourceType" TEXT NOT NULL DEFAULT 'upload',
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "avatars_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "avatar_generations" (
    "id" TEXT NOT NULL,
    "avatarId" TEXT,
    "userId" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "errorMessage" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "avatar_generations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "avatar_usage_history" (
    "id" TEXT NOT NULL,
    "avatarId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "appId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "avatar_usage_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pose_categories" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "displayOrder" INTEGER NOT NULL DEFAULT 0,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pose_categories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pose_library" (
    "id" TEXT NOT NULL,
    "categoryId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "previewUrl" TEXT NOT NULL,
    "difficulty" TEXT NOT NULL DEFAULT 'beginner',
    "isPremium" BOOLEAN NOT NULL DEFAULT false,
    "usageCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pose_library_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pose_generator_projects" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "projectName" TEXT NOT NULL,
    "avatarImageUrl" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "pose_generator_projects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pose_generations" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "totalExpected" INTEGER NOT NULL,
    "posesCompleted" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "creditCharged" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "pose_generations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "generated_poses" (
    "id" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "outputImageUrl" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "generated_poses_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "avatar_projects_userId_idx" ON "avatar_projects"("userId");

-- CreateIndex
CREATE INDEX "avatars_userId_idx" ON "avatars"("userId");

-- CreateIndex
CREATE INDEX "avatars_projectId_idx" ON "avatars"("projectId");

-- CreateIndex
CREATE INDEX "avatar_generations_userId_idx" ON "avatar_generations"("userId");

-- CreateIndex
CREATE INDEX "avatar_generations_status_idx" ON "avatar_generations"("status");

-- CreateIndex
CREATE INDEX "avatar_usage_history_avatarId_idx" ON "avatar_usage_history"("avatarId");

-- CreateIndex
CREATE UNIQUE INDEX "pose_categories_slug_key" ON "pose_categories"("slug");

-- CreateIndex
CREATE INDEX "pose_library_categoryId_idx" ON "pose_library"("categoryId");

-- CreateIndex
CREATE INDEX "pose_generator_projects_userId_idx" ON "pose_generator_projects"("userId");

-- CreateIndex
CREATE INDEX "pose_generations_userId_idx" ON "pose_generations"("userId");

-- CreateIndex
CREATE INDEX "pose_generations_status_idx" ON "pose_generations"("status");

-- CreateIndex
CREATE INDEX "generated_poses_generationId_idx" ON "generated_poses"("generationId");

-- AddForeignKey
ALTER TABLE "avatar_projects" ADD CONSTRAINT "avatar_projects_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "avatars" ADD CONSTRAINT "avatars_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "avatars" ADD CONSTRAINT "avatars_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "avatar_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "avatar_generations" ADD CONSTRAINT "avatar_generations_avatarId_fkey" FOREIGN KEY ("avatarId") REFERENCES "avatars"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "avatar_usage_history" ADD CONSTRAINT "avatar_usage_history_avatarId_fkey" FOREIGN KEY ("avatarId") REFERENCES "avatars"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pose_library" ADD CONSTRAINT "pose_library_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "pose_categories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pose_generator_projects" ADD CONSTRAINT "pose_generator_projects_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pose_generations" ADD CONSTRAINT "pose_generations_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "pose_generator_projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pose_generations" ADD CONSTRAINT "pose_generations_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "generated_poses" ADD CONSTRAINT "generated_poses_generationId_fkey" FOREIGN KEY ("generationId") REFERENCES "pose_generations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
