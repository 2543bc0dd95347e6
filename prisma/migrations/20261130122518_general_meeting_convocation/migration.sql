-- CreateTable
CREATE TABLE "GeneralMeeting" (
    "meetingId" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'convened',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "convenedByPersonId" TEXT,
    "convenedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "changedAt" DATETIME,
    "cancelledAt" DATETIME,
    "cancelReason" TEXT NOT NULL DEFAULT '',
    "sentMotionIds" TEXT NOT NULL DEFAULT ''
);

-- CreateTable
CREATE TABLE "MailOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "memberId" TEXT,
    "toAddress" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "claimedAt" DATETIME,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "GeneralMeeting_clusterId_idx" ON "GeneralMeeting"("clusterId");

-- CreateIndex
CREATE UNIQUE INDEX "MailOutbox_key_key" ON "MailOutbox"("key");

-- CreateIndex
CREATE INDEX "MailOutbox_status_nextAttemptAt_idx" ON "MailOutbox"("status", "nextAttemptAt");
