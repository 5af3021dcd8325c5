import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { useLocale } from '../i18n/index.ts';
import './resident.css';

/** A phone page: antd-mobile in the user's language, one column at most a phone wide. */
export function MobileFrame({ children }: { children: React.ReactNode }) {
  const locale = useLocale();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN}>
      <div className="linli-m">{children}</div>
    </ConfigProvider>
  );
}
