import { Button, Flex, Table, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PagedList } from '../api/paging.ts';
import { ErrorAlert } from './ErrorResult.tsx';

interface PagedTableProps<T> extends Pick<TableProps<T>, 'columns' | 'onRow' | 'expandable' | 'locale'> {
  list: PagedList<T>;
  rowKey?: keyof T & string;
}

/** How many rows are loaded, and "load more" while the server has another page. */
export function LoadMoreFooter<T>({ list }: { list: PagedList<T> }) {
  const { t } = useTranslation();
  const count = list.items.length;
  return (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Typography.Text type="secondary">{list.hasNextPage ? t('common.loaded', { count }) : t('common.loadedAll', { count })}</Typography.Text>
      {list.hasNextPage && (
        <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="load-more">
          {t('common.loadMore')}
        </Button>
      )}
    </Flex>
  );
}

/** A table over a cursor-paged list: rows accumulate, "load more" fetches the next page. */
export function PagedTable<T extends object>({ list, rowKey, ...table }: PagedTableProps<T>) {
  return (
    <>
      <ErrorAlert error={list.error} />
      <Table<T>
        {...table}
        rowKey={rowKey ?? ('id' as keyof T & string)}
        dataSource={list.items}
        loading={list.isLoading}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        footer={() => <LoadMoreFooter list={list} />}
      />
    </>
  );
}
