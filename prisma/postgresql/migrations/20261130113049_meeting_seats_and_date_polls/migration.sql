-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "capacity" INTEGER;

-- AlterTable
ALTER TABLE "MeetingResponse" ADD COLUMN     "waitlistPosition" INTEGER;

-- CreateTable
CREATE TABLE "DatePoll" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "groupId" TEXT,
    "title" TEXT NOT NULL,
    "place" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "meetingId" TEXT,
    "createdByPersonId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "DatePoll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatePollSlot" (
    "id" TEXT NOT NULL,
    "pollId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "DatePollSlot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatePollAnswer" (
    "id" TEXT NOT NULL,
    "pollId" TEXT NOT NULL,
    "slotId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "answer" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DatePollAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DatePoll_clusterId_status_idx" ON "DatePoll"("clusterId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DatePollSlot_pollId_position_key" ON "DatePollSlot"("pollId", "position");

-- CreateIndex
CREATE INDEX "DatePollAnswer_pollId_idx" ON "DatePollAnswer"("pollId");

-- CreateIndex
CREATE UNIQUE INDEX "DatePollAnswer_slotId_personId_key" ON "DatePollAnswer"("slotId", "personId");
