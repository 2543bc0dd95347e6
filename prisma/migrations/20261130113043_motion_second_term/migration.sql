-- AlterTable: columns added in place (not a table rebuild), so other migrations of Motion compose with it
ALTER TABLE "Motion" ADD COLUMN "secondTermQuorum" REAL;
ALTER TABLE "Motion" ADD COLUMN "secondTermDelayMinutes" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Motion" ADD COLUMN "term" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Motion" ADD COLUMN "firstTermResult" TEXT;
