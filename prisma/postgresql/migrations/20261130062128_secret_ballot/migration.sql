-- AlterTable
ALTER TABLE "Motion" ADD COLUMN     "closingBy" TEXT;

-- CreateTable
CREATE TABLE "SealedBallot" (
    "id" TEXT NOT NULL,
    "motionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "castByPersonId" TEXT,
    "proxyMemberId" TEXT,
    "processId" TEXT,
    "sealed" TEXT,

    CONSTRAINT "SealedBallot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BotProcess" (
    "id" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "beatAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BotProcess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SealedBallot_motionId_processId_idx" ON "SealedBallot"("motionId", "processId");

-- CreateIndex
CREATE UNIQUE INDEX "SealedBallot_motionId_memberId_key" ON "SealedBallot"("motionId", "memberId");
