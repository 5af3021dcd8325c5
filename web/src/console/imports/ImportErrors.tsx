import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ErrorDetail } from '../../api/types.ts';

/** Each problem of an import file where a person can find it: row, column, reason. */
export function ImportErrors({ errors }: { errors: ErrorDetail[] }) {
  const { t } = useTranslation();
  const none = t('common.none');
  const columns = [
    { key: 'row', title: t('imports.row'), width: 64, render: (_: unknown, error: ErrorDetail) => error.row ?? none },
    { key: 'column', title: t('imports.column'), width: 110, render: (_: unknown, error: ErrorDetail) => error.column ?? error.path ?? none },
    { key: 'reason', title: t('imports.reason'), dataIndex: 'message' },
  ];
  return (
    <Table<ErrorDetail>
      size="small"
      columns={columns}
      dataSource={errors}
      rowKey={(error) => `${error.row}:${error.column ?? error.path}:${error.code}:${error.message}`}
      pagination={errors.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      data-testid="import-errors"
    />
  );
}
