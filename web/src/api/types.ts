/**
 * Every request and response type of the web app, taken from the server's TypeBox schemas.
 * Type-only imports: nothing of the server is bundled, but a changed schema breaks `tsc` here.
 */
import type { Static, TSchema } from 'typebox';
import type {
  AreaDetail,
  AreaListQuery as AreaListQuerySchema,
  AreaView,
  BuildingDetail,
  BuildingListQuery,
  BuildingUpdate,
  BuildingView,
  EstateView,
  FacilityCreate,
  FacilityKindView,
  FacilityListQuery,
  FacilityUpdate,
  FacilityView,
  MapLayers,
} from '../../../src/places/schema.ts';
import type {
  HouseholdCreate,
  HouseholdListQuery,
  HouseholdUpdate,
  HouseholdView,
  MyHousehold,
  Profile,
  ProfileQuery as ProfileQuerySchema,
  ProfileRow as ProfileRowSchema,
  RemovalReason,
  ResidentCreate,
  ResidentListQuery,
  ResidentRevealed,
  ResidentUpdate,
  ResidentView,
  CareTag as CareTagSchema,
  RevealBody as RevealBodySchema,
} from '../../../src/people/schema.ts';
import type { LoginBody as LoginBodySchema, Me, PasswordBody as PasswordBodySchema } from '../../../src/platform/auth/schema.ts';
import type { Page as PageSchema } from '../../../src/platform/pagination.ts';
import type { PublicConfig as PublicConfigSchema } from '../../../src/platform/publicConfig.ts';
import type {
  ExportFormat as ExportFormatSchema,
  ExportQuery as ExportQuerySchema,
  ImportKind as ImportKindSchema,
  ImportReport,
} from '../../../src/imports/schema.ts';
import type { AuditEntryView, AuditQuery as AuditQuerySchema } from '../../../src/platform/audit/schema.ts';
import type { FeatureCollection } from '../../../src/platform/geojson.ts';
import type {
  ApproveBody as ApproveBodySchema,
  ClaimBody,
  ClaimListQuery,
  ClaimView,
  MyClaim as MyClaimSchema,
  RegisterBody,
  RejectBody as RejectBodySchema,
  UserCreate,
  UserListQuery,
  UserView,
} from '../../../src/accounts/schema.ts';

export type { ErrorCode, ErrorDetail, Locale } from '../../../src/platform/errors.ts';
export type { Permission, Role } from '../../../src/platform/roles.ts';
export type {
  AreaDetail,
  AreaView,
  BuildingDetail,
  BuildingListQuery,
  BuildingUpdate,
  BuildingView,
  EstateView,
  FacilityCreate,
  FacilityListQuery,
  FacilityUpdate,
  FacilityView,
  HouseholdCreate,
  HouseholdListQuery,
  HouseholdUpdate,
  HouseholdView,
  MapLayers,
  Me,
  MyHousehold,
  Profile,
  RemovalReason,
  ResidentCreate,
  ResidentListQuery,
  ResidentRevealed,
  ResidentUpdate,
  ResidentView,
  FeatureCollection,
  ImportReport,
  ClaimBody,
  ClaimListQuery,
  ClaimView,
  RegisterBody,
  UserCreate,
  UserListQuery,
  UserView,
};

/** A cursor page of the server's `Page(item)` schema, holding items of T. */
export type Page<T> = Omit<Static<ReturnType<typeof PageSchema<TSchema>>>, 'items'> & { items: T[] };
export type PublicConfig = Static<typeof PublicConfigSchema>;
export type AreaListQuery = Static<typeof AreaListQuerySchema>;
export type AuditEntry = Static<typeof AuditEntryView>;
export type AuditQuery = Static<typeof AuditQuerySchema>;
export type LoginBody = Static<typeof LoginBodySchema>;
export type PasswordBody = Static<typeof PasswordBodySchema>;
export type RevealBody = Static<typeof RevealBodySchema>;
export type ImportKind = Static<typeof ImportKindSchema>;
export type ExportFormat = Static<typeof ExportFormatSchema>;
export type ExportQuery = Static<typeof ExportQuerySchema>;
export type FacilityKind = Static<typeof FacilityKindView>;
export type CareTag = Static<typeof CareTagSchema>;
export type ProfileRow = Static<typeof ProfileRowSchema>;
export type ProfileQuery = Static<typeof ProfileQuerySchema>;
export type ApproveBody = Static<typeof ApproveBodySchema>;
export type RejectBody = Static<typeof RejectBodySchema>;
export type MyClaim = Static<typeof MyClaimSchema>;
export type ClaimStatus = ClaimView['status'];
export type {
  AnswerUnit, MySurvey, MySurveySummary, PaperResponseBody, Question, QuestionResult, QuestionType, ResponseCreated, SurveyCreate,
  SurveyListQuery, SurveyResults, SurveyStatus, SurveySummary, SurveyUpdate, SurveyView, TextAnswer, TextAnswerQuery, Answers, AnswerValue,
} from '../../../src/surveys/schema.ts';
