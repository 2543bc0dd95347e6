-- AlterTable
ALTER TABLE "Motion" ADD COLUMN "closingBy" TEXT;

-- CreateTable
CREATE TABLE "SealedBallot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "motionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "castByPersonId" TEXT,
    "proxyMemberId" TEXT,
    "processId" TEXT,
    "sealed" TEXT
);

-- CreateTable
CREATE TABLE "BotProcess" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "publicKey" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "beatAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SealedBallot_motionId_processId_idx" ON "SealedBallot"("motionId", "processId");

-- CreateIndex
CREATE UNIQUE INDEX "SealedBallot_motionId_memberId_key" ON "SealedBallot"("motionId", "memberId");
