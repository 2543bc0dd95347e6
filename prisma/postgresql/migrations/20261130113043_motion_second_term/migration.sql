-- AlterTable
ALTER TABLE "Motion" ADD COLUMN     "firstTermResult" TEXT,
ADD COLUMN     "secondTermDelayMinutes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "secondTermQuorum" DOUBLE PRECISION,
ADD COLUMN     "term" INTEGER NOT NULL DEFAULT 1;
