-- Columns are added in place (not by redefining the tables), so other branches' columns survive.
ALTER TABLE "Motion" ADD COLUMN "voteWeights" TEXT;
ALTER TABLE "MotionEligibility" ADD COLUMN "weight" INTEGER NOT NULL DEFAULT 1;
