-- CreateTable
CREATE TABLE "Cluster" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'pl',
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/Warsaw',
    "settings" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "platformUserId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "locale" TEXT,
    "email" TEXT,
    "erasedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PersonRole" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "legalForm" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "municipality" TEXT NOT NULL DEFAULT '',
    "county" TEXT NOT NULL DEFAULT '',
    "inPomorskie" BOOLEAN NOT NULL DEFAULT true,
    "sectors" TEXT NOT NULL DEFAULT '',
    "offers" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "website" TEXT,
    "contactEmail" TEXT,
    "joinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "conditions" TEXT,
    "conditionsReviewAt" DATETIME,
    "dataConfirmedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusReason" TEXT,
    "statusNote" TEXT,
    "statusChangedAt" DATETIME,
    "applicationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Representative" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Application" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "applicantPersonId" TEXT,
    "orgName" TEXT NOT NULL,
    "orgKey" TEXT NOT NULL,
    "openKey" TEXT,
    "legalForm" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "municipality" TEXT NOT NULL,
    "county" TEXT NOT NULL,
    "inPomorskie" BOOLEAN NOT NULL,
    "activity" TEXT NOT NULL,
    "resources" TEXT NOT NULL,
    "motivation" TEXT NOT NULL,
    "contactName" TEXT,
    "contactEmail" TEXT,
    "acceptsRules" BOOLEAN NOT NULL,
    "ethicsStatement" BOOLEAN NOT NULL,
    "understandsNoGrants" BOOLEAN NOT NULL,
    "stage" TEXT NOT NULL DEFAULT 'submitted',
    "status" TEXT NOT NULL DEFAULT 'open',
    "verification" TEXT,
    "recommendation" TEXT,
    "recommendationNote" TEXT,
    "meetingAt" DATETIME,
    "meetingPlace" TEXT,
    "decision" TEXT,
    "decisionReason" TEXT,
    "decidedByPersonId" TEXT,
    "conditions" TEXT,
    "reviewAt" DATETIME,
    "memberId" TEXT,
    "submittedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME
);

-- CreateTable
CREATE TABLE "StrategicPartner" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "contact" TEXT,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "actorPersonId" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "reason" TEXT,
    "details" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Appeal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "personId" TEXT,
    "against" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "decisionReason" TEXT,
    "decidedByPersonId" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Activity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "loggedByPersonId" TEXT,
    "kind" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "link" TEXT,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "sourceKey" TEXT,
    "status" TEXT NOT NULL DEFAULT 'logged',
    "reviewNote" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "groupId" TEXT,
    "title" TEXT NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "place" TEXT NOT NULL DEFAULT '',
    "agenda" TEXT NOT NULL DEFAULT '',
    "createdByPersonId" TEXT,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MeetingResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "meetingId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "personId" TEXT,
    "answer" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "meetingId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WorkingGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT '',
    "leaderPersonId" TEXT,
    "rhythmDays" INTEGER NOT NULL DEFAULT 30,
    "endsAt" DATETIME,
    "requiresApproval" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'active',
    "dissolvedReason" TEXT,
    "dissolvedAt" DATETIME,
    "emptySince" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "GroupMembership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "groupId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requestedByPersonId" TEXT,
    "joinedAt" DATETIME,
    "leftAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BarterPost" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "authorPersonId" TEXT,
    "type" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "exchange" TEXT NOT NULL DEFAULT 'open',
    "place" TEXT NOT NULL DEFAULT '',
    "availableUntil" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "partnerMemberId" TEXT,
    "closedAt" DATETIME,
    "escalatedAt" DATETIME,
    "messageRef" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BarterRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "postId" TEXT NOT NULL,
    "previous" TEXT NOT NULL,
    "editedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BarterResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "postId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "personId" TEXT,
    "message" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Motion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "ballotKind" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "secret" BOOLEAN NOT NULL DEFAULT false,
    "allowChange" BOOLEAN NOT NULL DEFAULT true,
    "opensAt" DATETIME NOT NULL,
    "closesAt" DATETIME NOT NULL,
    "quorum" REAL NOT NULL,
    "majority" TEXT NOT NULL,
    "abstentionsCount" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "closedAt" DATETIME,
    "result" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MotionEligibility" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "motionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "VoteParticipation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "motionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "castByPersonId" TEXT,
    "proxyMemberId" TEXT,
    "castAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OpenVote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "motionId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SecretTally" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "motionId" TEXT NOT NULL,
    "option" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "VoteProxy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "fromMemberId" TEXT NOT NULL,
    "toMemberId" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Poll" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "multiple" BOOLEAN NOT NULL DEFAULT false,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "audience" TEXT NOT NULL,
    "groupId" TEXT,
    "perOrganisation" BOOLEAN NOT NULL DEFAULT false,
    "resultsLive" BOOLEAN NOT NULL DEFAULT true,
    "deadline" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "closedAt" DATETIME,
    "createdByPersonId" TEXT,
    "messageRef" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PollAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "pollId" TEXT NOT NULL,
    "voterKey" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'claimed',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);

-- CreateTable
CREATE TABLE "FormDraft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "personKey" TEXT NOT NULL,
    "formId" TEXT NOT NULL,
    "values" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "NotificationFailure" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "personId" TEXT,
    "kind" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "fallback" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Cluster_platform_externalId_key" ON "Cluster"("platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_clusterId_platformUserId_key" ON "Person"("clusterId", "platformUserId");

-- CreateIndex
CREATE INDEX "PersonRole_clusterId_role_idx" ON "PersonRole"("clusterId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "PersonRole_personId_role_key" ON "PersonRole"("personId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Member_applicationId_key" ON "Member"("applicationId");

-- CreateIndex
CREATE INDEX "Member_clusterId_status_idx" ON "Member"("clusterId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Member_clusterId_name_key" ON "Member"("clusterId", "name");

-- CreateIndex
CREATE INDEX "Representative_memberId_idx" ON "Representative"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Representative_clusterId_personId_key" ON "Representative"("clusterId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "Application_openKey_key" ON "Application"("openKey");

-- CreateIndex
CREATE INDEX "Application_clusterId_status_idx" ON "Application"("clusterId", "status");

-- CreateIndex
CREATE INDEX "Application_clusterId_orgKey_idx" ON "Application"("clusterId", "orgKey");

-- CreateIndex
CREATE UNIQUE INDEX "StrategicPartner_clusterId_name_key" ON "StrategicPartner"("clusterId", "name");

-- CreateIndex
CREATE INDEX "AuditEntry_clusterId_createdAt_idx" ON "AuditEntry"("clusterId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_subjectType_subjectId_idx" ON "AuditEntry"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "Appeal_clusterId_status_idx" ON "Appeal"("clusterId", "status");

-- CreateIndex
CREATE INDEX "Appeal_memberId_idx" ON "Appeal"("memberId");

-- CreateIndex
CREATE INDEX "Activity_clusterId_date_idx" ON "Activity"("clusterId", "date");

-- CreateIndex
CREATE INDEX "Activity_memberId_date_idx" ON "Activity"("memberId", "date");

-- CreateIndex
CREATE INDEX "Activity_clusterId_memberId_status_date_idx" ON "Activity"("clusterId", "memberId", "status", "date");

-- CreateIndex
CREATE UNIQUE INDEX "Activity_memberId_sourceKey_key" ON "Activity"("memberId", "sourceKey");

-- CreateIndex
CREATE INDEX "Meeting_clusterId_startsAt_idx" ON "Meeting"("clusterId", "startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingResponse_meetingId_memberId_key" ON "MeetingResponse"("meetingId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Attendance_meetingId_memberId_key" ON "Attendance"("meetingId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkingGroup_clusterId_name_key" ON "WorkingGroup"("clusterId", "name");

-- CreateIndex
CREATE INDEX "GroupMembership_memberId_idx" ON "GroupMembership"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "GroupMembership_groupId_memberId_key" ON "GroupMembership"("groupId", "memberId");

-- CreateIndex
CREATE INDEX "BarterPost_clusterId_status_createdAt_idx" ON "BarterPost"("clusterId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "BarterRevision_postId_idx" ON "BarterRevision"("postId");

-- CreateIndex
CREATE INDEX "BarterResponse_postId_idx" ON "BarterResponse"("postId");

-- CreateIndex
CREATE INDEX "Motion_clusterId_status_idx" ON "Motion"("clusterId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MotionEligibility_motionId_memberId_key" ON "MotionEligibility"("motionId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "VoteParticipation_motionId_memberId_key" ON "VoteParticipation"("motionId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "OpenVote_motionId_memberId_key" ON "OpenVote"("motionId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "SecretTally_motionId_option_key" ON "SecretTally"("motionId", "option");

-- CreateIndex
CREATE UNIQUE INDEX "VoteProxy_meetingId_fromMemberId_key" ON "VoteProxy"("meetingId", "fromMemberId");

-- CreateIndex
CREATE INDEX "Poll_clusterId_status_idx" ON "Poll"("clusterId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PollAnswer_pollId_voterKey_key" ON "PollAnswer"("pollId", "voterKey");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_key_key" ON "Delivery"("key");

-- CreateIndex
CREATE UNIQUE INDEX "FormDraft_clusterId_personKey_formId_key" ON "FormDraft"("clusterId", "personKey", "formId");
