import { unstableSetRender } from 'antd-mobile';
import { createRoot, type Root } from 'react-dom/client';

/**
 * antd-mobile 5 draws Toast.show and ImageViewer.Multi.show into roots of its own with the React 18
 * `react-dom` API, which React 19 no longer has: without this they draw nothing. This hands it React
 * 19's createRoot (https://mobile.ant.design/guide/v5-for-19). Imported once, by the phone app.
 */
const roots = new WeakMap<Element | DocumentFragment, Root>();

unstableSetRender((node, container) => {
  const root = roots.get(container) ?? createRoot(container);
  roots.set(container, root);
  root.render(node);
  return async () => {
    // Unmounting while React is still rendering warns; wait for the current task to finish.
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});
