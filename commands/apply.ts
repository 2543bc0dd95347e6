import { z } from 'zod';
import { text } from '../src/core/input.ts';
import { labelled } from '../src/core/options.ts';
import { defineLeafCommand, type FormFieldSpec } from '../src/core/command.ts';
import { CATEGORIES, LEGAL_FORMS } from '../src/core/vocabulary.ts';

/** A declaration: a yes/no choice whose "no" is refused with a message naming the declaration. */
const declaration = (key: 'acceptsRules' | 'ethicsStatement' | 'understandsNoGrants') =>
  z
    .boolean()
    .refine((accepted) => accepted, { message: `membership.errors.declaration.${key}` })
    .describe(`membership.apply.fields.${key}`);

const yesNo = [
  { value: 'yes', label: 'core.form.yes' },
  { value: 'no', label: 'core.form.no' },
] satisfies FormFieldSpec['options'];

const field = (min: number, max: number) => text().trim().min(min).max(max);

export default defineLeafCommand({
  name: 'apply',
  description: 'membership.commands.apply.description',
  localizedNames: { pl: 'deklaracja' },
  permission: 'anyone',
  options: z.object({
    org_name: field(3, 150).describe('membership.apply.fields.orgName'),
    legal_form: labelled(z.enum(LEGAL_FORMS), 'membership.legalForms').describe('membership.apply.fields.legalForm'),
    category: labelled(z.enum(CATEGORIES), 'membership.categories').describe('membership.apply.fields.category'),
    municipality: field(2, 100).describe('membership.apply.fields.municipality'),
    county: field(2, 100).describe('membership.apply.fields.county'),
    in_pomorskie: z.boolean().describe('membership.apply.fields.inPomorskie'),
    activity: field(30, 2000).describe('membership.apply.fields.activity'),
    resources: field(20, 2000).describe('membership.apply.fields.resources'),
    motivation: field(30, 2000).describe('membership.apply.fields.motivation'),
    contact_name: field(3, 100).describe('membership.apply.fields.contactName'),
    contact_email: text().trim().pipe(z.email()).describe('membership.apply.fields.contactEmail'),
    accepts_rules: declaration('acceptsRules'),
    ethics_statement: declaration('ethicsStatement'),
    understands_no_grants: declaration('understandsNoGrants'),
  }),
  form: {
    title: 'membership.apply.formTitle',
    fields: [
      { name: 'org_name', label: 'membership.apply.fields.orgName', kind: 'short', required: true, minLength: 3, maxLength: 150 },
      {
        name: 'legal_form',
        label: 'membership.apply.fields.legalForm',
        kind: 'choice',
        required: true,
        options: LEGAL_FORMS.map((value) => ({ value, label: `membership.legalForms.${value}` as const })),
      },
      {
        name: 'category',
        label: 'membership.apply.fields.category',
        kind: 'choice',
        required: true,
        options: CATEGORIES.map((value) => ({ value, label: `membership.categories.${value}` as const })),
      },
      { name: 'municipality', label: 'membership.apply.fields.municipality', kind: 'short', required: true, maxLength: 100 },
      { name: 'county', label: 'membership.apply.fields.county', kind: 'short', required: true, maxLength: 100 },
      { name: 'in_pomorskie', label: 'membership.apply.fields.inPomorskie', kind: 'choice', required: true, options: yesNo },
      { name: 'activity', label: 'membership.apply.fields.activity', kind: 'paragraph', required: true, minLength: 30, maxLength: 2000, placeholder: 'membership.apply.placeholders.activity' },
      { name: 'resources', label: 'membership.apply.fields.resources', kind: 'paragraph', required: true, minLength: 20, maxLength: 2000, placeholder: 'membership.apply.placeholders.resources' },
      { name: 'motivation', label: 'membership.apply.fields.motivation', kind: 'paragraph', required: true, minLength: 30, maxLength: 2000, placeholder: 'membership.apply.placeholders.motivation' },
      { name: 'contact_name', label: 'membership.apply.fields.contactName', kind: 'short', required: true, maxLength: 100 },
      { name: 'contact_email', label: 'membership.apply.fields.contactEmail', kind: 'short', required: true, maxLength: 200 },
      { name: 'accepts_rules', label: 'membership.apply.fields.acceptsRules', kind: 'choice', required: true, options: yesNo },
      { name: 'ethics_statement', label: 'membership.apply.fields.ethicsStatement', kind: 'choice', required: true, options: yesNo },
      { name: 'understands_no_grants', label: 'membership.apply.fields.understandsNoGrants', kind: 'choice', required: true, options: yesNo },
    ],
  },
  async run({ options: o, cluster, actor, services, t, format }) {
    const app = await services.admission.apply(cluster, actor.personId, {
      orgName: o.org_name,
      legalForm: o.legal_form,
      category: o.category,
      municipality: o.municipality,
      county: o.county,
      inPomorskie: o.in_pomorskie,
      activity: o.activity,
      resources: o.resources,
      motivation: o.motivation,
      contactName: o.contact_name,
      contactEmail: o.contact_email,
      acceptsRules: o.accepts_rules,
      ethicsStatement: o.ethics_statement,
      understandsNoGrants: o.understands_no_grants,
    });
    const deadline = services.admission.deadline(cluster, app);
    return {
      title: t('membership.apply.submittedTitle'),
      text: [t('membership.apply.submitted', { org: app.orgName, deadline: format.date(deadline) }), t('membership.apply.notAdmission')].join('\n\n'),
      private: true,
      tone: 'success',
    };
  },
});
