-- AlterTable
ALTER TABLE "Appeal" ADD COLUMN     "applicationId" TEXT,
ALTER COLUMN "memberId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Appeal_applicationId_idx" ON "Appeal"("applicationId");
