-- CreateTable
CREATE TABLE "GroupRequest" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT '',
    "leaderPersonId" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "requestedByPersonId" TEXT NOT NULL,
    "approved" BOOLEAN,
    "decidedByPersonId" TEXT,
    "decidedAt" TIMESTAMP(3),
    "groupId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GroupRequest_clusterId_idx" ON "GroupRequest"("clusterId");
