import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useState } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { createQueryClient } from './api/queryClient.ts';
import { PageSpin } from './components/PageSpin.tsx';
import { ConsoleLayout } from './console/ConsoleLayout.tsx';
import { LoginPage } from './console/LoginPage.tsx';
import { NotFound } from './console/NotFound.tsx';
import { consolePages } from './console/pages.tsx';
import { RequireAuth, RequirePermission } from './console/RequireAuth.tsx';
import { useLocale } from './i18n/index.ts';

const ResidentApp = lazy(() => import('./resident/ResidentApp.tsx'));
const RegisterPage = lazy(() => import('./resident/RegisterPage.tsx'));

function Providers({ children }: { children: React.ReactNode }) {
  const locale = useLocale();
  return (
    <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <Providers>
        <BrowserRouter>
          <Suspense fallback={<PageSpin />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/register" element={<RegisterPage />} />
              <Route
                path="/m/*"
                element={
                  <RequireAuth>
                    <ResidentApp />
                  </RequireAuth>
                }
              />
              <Route
                element={
                  <RequireAuth console>
                    <ConsoleLayout />
                  </RequireAuth>
                }
              >
                {consolePages.map((page) => (
                  <Route key={page.path} path={page.path} element={<RequirePermission permission={page.permission}>{page.element}</RequirePermission>} />
                ))}
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </Suspense>
        </BrowserRouter>
      </Providers>
    </QueryClientProvider>
  );
}
