-- CreateTable
CREATE TABLE "GroupRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT '',
    "leaderPersonId" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "requestedByPersonId" TEXT NOT NULL,
    "approved" BOOLEAN,
    "decidedByPersonId" TEXT,
    "decidedAt" DATETIME,
    "groupId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "GroupRequest_clusterId_idx" ON "GroupRequest"("clusterId");
