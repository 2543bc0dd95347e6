-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "employees" INTEGER;

-- CreateTable
CREATE TABLE "FeePayment" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "amount" INTEGER NOT NULL,
    "paidOn" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "referenceKey" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeePayment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FeePayment_clusterId_year_idx" ON "FeePayment"("clusterId", "year");

-- CreateIndex
CREATE INDEX "FeePayment_memberId_year_idx" ON "FeePayment"("memberId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "FeePayment_clusterId_referenceKey_key" ON "FeePayment"("clusterId", "referenceKey");
