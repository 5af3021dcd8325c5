/**
 * The errors an OSM file can be refused with. Each carries a detail, worded in zh-CN and en by the
 * detail catalogue, that says where the file is broken (block and byte, or XML line and column) and
 * how, so a person can check the file or fetch it again.
 */
import { AppError, type DetailCode } from '../../platform/errors.ts';

type Params = Record<string, string | number>;

function malformed(code: DetailCode, params: Params): AppError {
  return new AppError('OSM_FILE_MALFORMED', params, [{ path: 'file', code, params }]);
}

/** Where in a PBF file a block starts: its 1-based number and byte offset. */
export interface BlockPosition {
  block: number;
  offset: number;
}

export const notOsmFile = (): AppError => malformed('OSM_NOT_OSM_FILE', {});

export const pbfTruncated = (at: BlockPosition, size: number): AppError => malformed('OSM_PBF_TRUNCATED', { ...at, size });

export const pbfBadHeader = (at: BlockPosition, reason: string): AppError => malformed('OSM_PBF_BAD_HEADER', { ...at, reason });

export const pbfBadBlob = (at: BlockPosition, reason: string): AppError => malformed('OSM_PBF_BAD_BLOB', { ...at, reason });

export const pbfBadBlock = (at: BlockPosition, reason: string): AppError => malformed('OSM_PBF_BAD_BLOCK', { ...at, reason });

export const xmlSyntax = (line: number, column: number, reason: string): AppError => malformed('OSM_XML_SYNTAX', { line, column, reason });

/** A compression or required feature this reader does not implement (lzma, zstd, history files…). */
export const pbfUnsupported = (at: BlockPosition, feature: string): AppError => new AppError('OSM_FILE_UNSUPPORTED', { block: at.block, feature });
