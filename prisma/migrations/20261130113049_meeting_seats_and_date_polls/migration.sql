-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN "capacity" INTEGER;

-- AlterTable
ALTER TABLE "MeetingResponse" ADD COLUMN "waitlistPosition" INTEGER;

-- CreateTable
CREATE TABLE "DatePoll" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "groupId" TEXT,
    "title" TEXT NOT NULL,
    "place" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "meetingId" TEXT,
    "createdByPersonId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME
);

-- CreateTable
CREATE TABLE "DatePollSlot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pollId" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "position" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "DatePollAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pollId" TEXT NOT NULL,
    "slotId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DatePoll_clusterId_status_idx" ON "DatePoll"("clusterId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DatePollSlot_pollId_position_key" ON "DatePollSlot"("pollId", "position");

-- CreateIndex
CREATE INDEX "DatePollAnswer_pollId_idx" ON "DatePollAnswer"("pollId");

-- CreateIndex
CREATE UNIQUE INDEX "DatePollAnswer_slotId_personId_key" ON "DatePollAnswer"("slotId", "personId");
