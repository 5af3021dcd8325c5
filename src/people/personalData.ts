import type { FieldCipher } from '../platform/fieldCipher.ts';
import type { CareTag } from './careTags.ts';
import { maskIdNumber, maskName, maskPhone, normalizeIdNumber, normalizePhone } from './identity.ts';

/** A resident's personal data in the clear, as validated input or as revealed output. */
export interface PersonalData {
  name: string;
  phone: string | null;
  idNumber: string | null;
  careTags: CareTag[];
}

/** The stored form: ciphertexts, masks for lists, keyed hashes for exact search. */
export interface SealedPersonalData {
  nameEnc: Buffer;
  nameMasked: string;
  nameBidx: string;
  phoneEnc: Buffer | null;
  phoneMasked: string | null;
  phoneBidx: string | null;
  idNumberEnc: Buffer | null;
  idNumberMasked: string | null;
  idNumberBidx: string | null;
  careTagsEnc: Buffer | null;
  careTagBidx: string[];
}

/** The search keys: the same normalisation on write and on search, or exact search misses. */
export function nameKey(cipher: FieldCipher, name: string): string {
  return cipher.blindIndex('name', name.trim());
}
export function phoneKey(cipher: FieldCipher, phone: string): string {
  return cipher.blindIndex('phone', normalizePhone(phone));
}
export function idNumberKey(cipher: FieldCipher, idNumber: string): string {
  return cipher.blindIndex('id_number', normalizeIdNumber(idNumber));
}
export function careTagKey(cipher: FieldCipher, tag: CareTag): string {
  return cipher.blindIndex('care_tag', tag);
}

export function sealPersonalData(cipher: FieldCipher, data: PersonalData): SealedPersonalData {
  const name = data.name.trim();
  const phone = data.phone ? normalizePhone(data.phone) : null;
  const idNumber = data.idNumber ? normalizeIdNumber(data.idNumber) : null;
  return {
    nameEnc: cipher.encrypt('name', name),
    nameMasked: maskName(name),
    nameBidx: nameKey(cipher, name),
    phoneEnc: phone ? cipher.encrypt('phone', phone) : null,
    phoneMasked: phone ? maskPhone(phone) : null,
    phoneBidx: phone ? phoneKey(cipher, phone) : null,
    idNumberEnc: idNumber ? cipher.encrypt('id_number', idNumber) : null,
    idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
    idNumberBidx: idNumber ? idNumberKey(cipher, idNumber) : null,
    careTagsEnc: data.careTags.length ? cipher.encrypt('care_tags', JSON.stringify(data.careTags)) : null,
    careTagBidx: data.careTags.map((tag) => careTagKey(cipher, tag)),
  };
}

export function openPersonalData(
  cipher: FieldCipher,
  row: { name_enc: Buffer; phone_enc: Buffer | null; id_number_enc: Buffer | null; care_tags_enc: Buffer | null },
): PersonalData {
  return {
    name: cipher.decrypt('name', row.name_enc),
    phone: row.phone_enc ? cipher.decrypt('phone', row.phone_enc) : null,
    idNumber: row.id_number_enc ? cipher.decrypt('id_number', row.id_number_enc) : null,
    careTags: row.care_tags_enc ? (JSON.parse(cipher.decrypt('care_tags', row.care_tags_enc)) as CareTag[]) : [],
  };
}
