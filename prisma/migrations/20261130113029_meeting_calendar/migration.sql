-- Columns are added in place (not by redefining "Meeting"), so migrations of other branches that
-- add their own columns to the same table keep each other's.
ALTER TABLE "Meeting" ADD COLUMN "onlineLink" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Meeting" ADD COLUMN "sequence" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Meeting" ADD COLUMN "changedAt" DATETIME;
ALTER TABLE "Meeting" ADD COLUMN "platformEventId" TEXT;

-- CreateTable
CREATE TABLE "CalendarFeed" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

-- CreateIndex
CREATE INDEX "CalendarFeed_personId_idx" ON "CalendarFeed"("personId");
