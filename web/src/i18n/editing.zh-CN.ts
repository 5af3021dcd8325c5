import type { RemovalReason } from '../api/types.ts';
import type { Labels } from './zh-CN.ts';

/** zh-CN strings of the registry forms: community workers keeping households, residents, buildings and facilities up to date. */
export const editingZhCN = {
  editing: {
    save: '保存',
    saved: '已保存',
    unchanged: '没有修改任何内容',
    required: '必填',
    blankKeeps: '留空表示不修改',
    resident: {
      add: '新增居民',
      added: '已新增居民',
      edit: '编辑',
      editTitle: '编辑居民',
      personalHint: '为保护个人信息，这里不显示现有的姓名、电话和身份证号：留空表示不修改，填写则替换。',
      replaceCareTags: '修改重点人群标签',
      careTagsHint: '保存后，这里选择的标签将替换该居民现有的全部标签（不选即全部清除）。',
      remove: '迁出/注销',
      removeTitle: '迁出/注销居民',
      removeHint: '该居民将从台账中移除，此操作会记入审计日志。',
      reason: '原因',
      removed: '已迁出/注销',
      reasons: { moved_out: '迁出', deceased: '死亡', duplicate: '重复登记', entered_in_error: '误录' } satisfies Labels<RemovalReason>,
    },
    household: {
      add: '新增房屋',
      added: '已新增房屋',
      edit: '编辑房屋',
    },
    building: {
      edit: '编辑楼栋',
      gridMoveHint: '更换网格后，该楼栋的所有房屋和居民会一并划入新的网格。',
    },
    facility: {
      add: '新增设施',
      added: '已新增设施',
      edit: '编辑',
      editTitle: '编辑设施',
      community: '所属社区',
      codeHint: '字母、数字、下划线或横线，社区内唯一',
      lon: '经度',
      lat: '纬度',
      locationHint: '新设施默认位于社区范围的中心，请按实际位置修改（WGS84 坐标）。',
      lonRange: '经度应在 -180 到 180 之间',
      latRange: '纬度应在 -90 到 90 之间',
    },
  },
};
