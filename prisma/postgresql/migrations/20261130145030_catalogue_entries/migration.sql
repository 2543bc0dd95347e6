-- CreateTable
CREATE TABLE "CatalogueEntry" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "authorPersonId" TEXT,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "sector" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "contactName" TEXT NOT NULL DEFAULT '',
    "contactEmail" TEXT,
    "contactPhone" TEXT,
    "hiddenAt" TIMESTAMP(3),
    "hiddenByPersonId" TEXT,
    "confirmedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CatalogueEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CatalogueEntry_clusterId_sector_idx" ON "CatalogueEntry"("clusterId", "sector");

-- CreateIndex
CREATE INDEX "CatalogueEntry_memberId_idx" ON "CatalogueEntry"("memberId");
