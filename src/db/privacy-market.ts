import type { Client, Tx } from './client.ts';

type Db = Client | Tx;

/*
 * Personal data in the cluster's economy: market opportunities, declarations, joint purchases and
 * their sign-ups name the person who typed them; a catalogue entry names who wrote it and may
 * publish the person's e-mail as its contact. Read for /privacy exports, cut out on erasure; the
 * organisation's offers, declarations and shares stay the cluster's records.
 */

/** What the person did or is named in, each row with what it was about. */
export async function marketRecordsOfPerson(db: Db, clusterId: string, personId: string, emails: string[]) {
  const [opportunitiesPosted, declarations, purchasesProposed, signups, catalogueWritten] = await Promise.all([
    db.marketOpportunity.findMany({ where: { clusterId, authorPersonId: personId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.marketDeclaration.findMany({ where: { personId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.jointPurchase.findMany({ where: { clusterId, authorPersonId: personId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.purchaseSignup.findMany({ where: { personId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.catalogueEntry.findMany({ where: { clusterId, authorPersonId: personId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  const opportunities = await db.marketOpportunity.findMany({ where: { id: { in: declarations.map((d) => d.opportunityId) } }, select: { id: true, title: true } });
  // A consortium names organisations, not people: shown as what became of the person's declaration.
  const parts = await db.consortiumPart.findMany({ where: { OR: declarations.map((d) => ({ opportunityId: d.opportunityId, memberId: d.memberId })) } });
  const purchases = await db.jointPurchase.findMany({ where: { id: { in: signups.map((s) => s.purchaseId) } }, select: { id: true, item: true, unit: true } });
  const contacts = emails.length ? (await db.catalogueEntry.findMany({ where: { clusterId, contactEmail: { not: null } } })).filter((e) => emails.includes(e.contactEmail!.toLowerCase())) : [];
  return {
    marketOpportunitiesPosted: opportunitiesPosted,
    marketDeclarations: declarations.map((d) => {
      const part = parts.find((p) => p.opportunityId === d.opportunityId && p.memberId === d.memberId);
      return { ...d, opportunityTitle: opportunities.find((o) => o.id === d.opportunityId)?.title ?? null, consortium: part ? { role: part.role, shareGrosze: part.shareGrosze } : null };
    }),
    jointPurchasesProposed: purchasesProposed,
    purchaseSignups: signups.map((s) => {
      const p = purchases.find((x) => x.id === s.purchaseId);
      return { ...s, item: p?.item ?? null, unit: p?.unit ?? null };
    }),
    catalogueEntriesWritten: catalogueWritten,
    catalogueEntriesNamingContact: contacts.filter((c) => !catalogueWritten.some((w) => w.id === c.id)),
  };
}

/** The organisation's side of the economy: everything it declared, formed, proposed, signed and offers. */
export async function marketRecordsOfOrganisation(db: Db, clusterId: string, memberId: string) {
  const [marketDeclarations, consortiumParts, jointPurchases, purchaseSignups, catalogueEntries] = await Promise.all([
    db.marketDeclaration.findMany({ where: { memberId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.consortiumPart.findMany({ where: { memberId } }),
    db.jointPurchase.findMany({ where: { clusterId, memberId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.purchaseSignup.findMany({ where: { memberId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    db.catalogueEntry.findMany({ where: { clusterId, memberId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  return { marketDeclarations, consortiumParts, jointPurchases, purchaseSignups, catalogueEntries };
}

/** What the organisation posted, declared, signed up for and offers stays; who typed it goes, and so does their e-mail as a contact. */
export async function eraseFromMarket(db: Db, clusterId: string, personId: string, emails: string[]): Promise<void> {
  await db.marketOpportunity.updateMany({ where: { clusterId, authorPersonId: personId }, data: { authorPersonId: null } });
  await db.marketDeclaration.updateMany({ where: { personId }, data: { personId: null } });
  await db.jointPurchase.updateMany({ where: { clusterId, authorPersonId: personId }, data: { authorPersonId: null } });
  await db.purchaseSignup.updateMany({ where: { personId }, data: { personId: null } });
  await db.catalogueEntry.updateMany({ where: { clusterId, authorPersonId: personId }, data: { authorPersonId: null } });
  await db.catalogueEntry.updateMany({ where: { clusterId, hiddenByPersonId: personId }, data: { hiddenByPersonId: null } });
  if (emails.length) {
    const named = (await db.catalogueEntry.findMany({ where: { clusterId, contactEmail: { not: null } }, select: { id: true, contactEmail: true } })).filter((e) => emails.includes(e.contactEmail!.toLowerCase()));
    await db.catalogueEntry.updateMany({ where: { id: { in: named.map((e) => e.id) } }, data: { contactEmail: null } });
  }
}
