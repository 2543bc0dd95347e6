-- CreateTable
CREATE TABLE "MotionTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "motionId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "ownerKind" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "dueOn" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'proposed',
    "note" TEXT NOT NULL DEFAULT '',
    "createdByPersonId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" DATETIME,
    "progressAt" DATETIME,
    "progressByPersonId" TEXT,
    "doneAt" DATETIME
);

-- CreateIndex
CREATE INDEX "MotionTask_motionId_idx" ON "MotionTask"("motionId");

-- CreateIndex
CREATE INDEX "MotionTask_clusterId_status_idx" ON "MotionTask"("clusterId", "status");
