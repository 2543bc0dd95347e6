-- CreateTable
CREATE TABLE "CatalogueEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "hiddenAt" DATETIME,
    "hiddenByPersonId" TEXT,
    "confirmedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CatalogueEntry_clusterId_sector_idx" ON "CatalogueEntry"("clusterId", "sector");

-- CreateIndex
CREATE INDEX "CatalogueEntry_memberId_idx" ON "CatalogueEntry"("memberId");
