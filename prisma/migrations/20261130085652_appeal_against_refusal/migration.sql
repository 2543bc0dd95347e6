-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Appeal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "memberId" TEXT,
    "applicationId" TEXT,
    "personId" TEXT,
    "against" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "decisionReason" TEXT,
    "decidedByPersonId" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Appeal" ("against", "clusterId", "createdAt", "decidedAt", "decidedByPersonId", "decisionReason", "id", "memberId", "personId", "status", "text") SELECT "against", "clusterId", "createdAt", "decidedAt", "decidedByPersonId", "decisionReason", "id", "memberId", "personId", "status", "text" FROM "Appeal";
DROP TABLE "Appeal";
ALTER TABLE "new_Appeal" RENAME TO "Appeal";
CREATE INDEX "Appeal_clusterId_status_idx" ON "Appeal"("clusterId", "status");
CREATE INDEX "Appeal_memberId_idx" ON "Appeal"("memberId");
CREATE INDEX "Appeal_applicationId_idx" ON "Appeal"("applicationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
