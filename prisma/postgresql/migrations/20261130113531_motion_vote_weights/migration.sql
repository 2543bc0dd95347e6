-- AlterTable
ALTER TABLE "Motion" ADD COLUMN     "voteWeights" TEXT;

-- AlterTable
ALTER TABLE "MotionEligibility" ADD COLUMN     "weight" INTEGER NOT NULL DEFAULT 1;
