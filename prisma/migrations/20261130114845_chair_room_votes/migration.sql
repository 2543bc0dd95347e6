-- CreateTable
CREATE TABLE "AssemblyPresence" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RoomBallot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "motionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "proxyMemberId" TEXT,
    "recordedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RoomTally" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "motionId" TEXT NOT NULL,
    "option" TEXT NOT NULL,
    "count" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "AssemblyPresence_meetingId_memberId_key" ON "AssemblyPresence"("meetingId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "RoomBallot_motionId_memberId_key" ON "RoomBallot"("motionId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "RoomTally_motionId_option_key" ON "RoomTally"("motionId", "option");
