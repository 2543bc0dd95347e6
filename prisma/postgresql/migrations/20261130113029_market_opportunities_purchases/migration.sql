-- CreateTable
CREATE TABLE "MarketOpportunity" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "memberId" TEXT,
    "authorPersonId" TEXT,
    "title" TEXT NOT NULL,
    "need" TEXT NOT NULL DEFAULT '',
    "place" TEXT NOT NULL DEFAULT '',
    "whenText" TEXT NOT NULL DEFAULT '',
    "volume" TEXT NOT NULL DEFAULT '',
    "sectors" TEXT NOT NULL DEFAULT '',
    "deadline" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "leaderMemberId" TEXT,
    "budgetGrosze" INTEGER,
    "marginGrosze" INTEGER,
    "marginBasisPoints" INTEGER,
    "formedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MarketOpportunity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MarketDeclaration" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "personId" TEXT,
    "part" TEXT NOT NULL,
    "capacity" TEXT NOT NULL DEFAULT '',
    "priceGrosze" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MarketDeclaration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConsortiumPart" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'member',
    "part" TEXT NOT NULL DEFAULT '',
    "shareGrosze" INTEGER,

    CONSTRAINT "ConsortiumPart_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JointPurchase" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "authorPersonId" TEXT,
    "item" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "tiers" TEXT NOT NULL,
    "deadline" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "totalQuantity" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "messageRef" TEXT,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JointPurchase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PurchaseSignup" (
    "id" TEXT NOT NULL,
    "purchaseId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "personId" TEXT,
    "quantity" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PurchaseSignup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MarketOpportunity_clusterId_status_deadline_idx" ON "MarketOpportunity"("clusterId", "status", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "MarketDeclaration_opportunityId_memberId_key" ON "MarketDeclaration"("opportunityId", "memberId");

-- CreateIndex
CREATE INDEX "ConsortiumPart_memberId_idx" ON "ConsortiumPart"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsortiumPart_opportunityId_memberId_key" ON "ConsortiumPart"("opportunityId", "memberId");

-- CreateIndex
CREATE INDEX "JointPurchase_clusterId_status_deadline_idx" ON "JointPurchase"("clusterId", "status", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "PurchaseSignup_purchaseId_memberId_key" ON "PurchaseSignup"("purchaseId", "memberId");
