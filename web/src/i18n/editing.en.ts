import type { Messages } from './zh-CN.ts';

/** English strings of the registry forms; the keys are those of `editing.zh-CN.ts`. */
export const editingEn: Pick<Messages, 'editing'> = {
  editing: {
    save: 'Save',
    saved: 'Saved',
    unchanged: 'Nothing was changed',
    required: 'Required',
    blankKeeps: 'Leave blank to keep unchanged',
    resident: {
      add: 'Add resident',
      added: 'Resident added',
      edit: 'Edit',
      editTitle: 'Edit resident',
      personalHint: 'To protect personal data, the current name, phone and ID number are not shown here: leave a field blank to keep it, fill it in to replace it.',
      replaceCareTags: 'Change care tags',
      careTagsHint: 'On saving, the tags chosen here replace all of this resident’s current tags (choose none to clear them).',
      remove: 'Move out / deregister',
      removeTitle: 'Move out / deregister resident',
      removeHint: 'The resident leaves the registry; this is written to the audit log.',
      reason: 'Reason',
      removed: 'Resident removed',
      reasons: { moved_out: 'Moved out', deceased: 'Deceased', duplicate: 'Duplicate record', entered_in_error: 'Entered in error' },
    },
    household: {
      add: 'Add household',
      added: 'Household added',
      edit: 'Edit household',
    },
    building: {
      edit: 'Edit building',
      gridMoveHint: 'Moving the building to another grid moves all its households and residents with it.',
    },
    facility: {
      add: 'Add facility',
      added: 'Facility added',
      edit: 'Edit',
      editTitle: 'Edit facility',
      community: 'Community',
      codeHint: 'Letters, digits, underscores or hyphens; unique in the community',
      lon: 'Longitude',
      lat: 'Latitude',
      locationHint: 'A new facility starts at the centre of the community; move it to where it really is (WGS84).',
      lonRange: 'Longitude must be between -180 and 180',
      latRange: 'Latitude must be between -90 and 90',
    },
  },
};
