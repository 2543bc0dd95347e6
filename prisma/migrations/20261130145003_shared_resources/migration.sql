-- AlterTable
ALTER TABLE "BarterPost" ADD COLUMN "resourceId" TEXT;

-- CreateTable
CREATE TABLE "SharedResource" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "authorPersonId" TEXT,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "rules" TEXT NOT NULL DEFAULT '',
    "availability" TEXT NOT NULL DEFAULT '',
    "place" TEXT NOT NULL DEFAULT '',
    "approval" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'active',
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ResourceBooking" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "personId" TEXT,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL,
    "decidedAt" DATETIME,
    "returnedAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SharedResource_clusterId_status_idx" ON "SharedResource"("clusterId", "status");

-- CreateIndex
CREATE INDEX "ResourceBooking_resourceId_startsAt_idx" ON "ResourceBooking"("resourceId", "startsAt");

-- CreateIndex
CREATE INDEX "ResourceBooking_clusterId_status_startsAt_idx" ON "ResourceBooking"("clusterId", "status", "startsAt");
