-- CreateTable
CREATE TABLE "MotionTask" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "motionId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "dueOn" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'proposed',
    "note" TEXT NOT NULL DEFAULT '',
    "createdByPersonId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),
    "progressAt" TIMESTAMP(3),
    "progressByPersonId" TEXT,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "MotionTask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MotionTask_motionId_idx" ON "MotionTask"("motionId");

-- CreateIndex
CREATE INDEX "MotionTask_clusterId_status_idx" ON "MotionTask"("clusterId", "status");
