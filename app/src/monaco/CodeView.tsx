// A read-only Monaco view of one text (C source, skeleton header). Loaded lazily: import it through LazyCodeView.
import { useEffect, useRef } from 'react';
import { monaco } from './monaco.ts';
import { useColorScheme } from '../hooks/use-color-scheme.ts';

// Monaco measures glyphs with this font stack, so it is spelled out (a CSS variable would not be resolved).
const MONO = "'JetBrains Mono', 'Fira Code', 'DejaVu Sans Mono', 'Liberation Mono', monospace";

export interface CodeViewProps {
  text: string;
  language: 'c';
  /** A label for screen readers ("minimal.bpf.c"). */
  label: string;
}

export default function CodeView({ text, language, label }: CodeViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const scheme = useColorScheme();

  useEffect(() => {
    if (!host.current) return;
    const ed = monaco.editor.create(host.current, {
      value: '',
      language,
      readOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      fontFamily: MONO,
      renderLineHighlight: 'none',
      ariaLabel: label,
      padding: { top: 8, bottom: 8 },
    });
    editor.current = ed;
    return () => {
      ed.getModel()?.dispose();
      ed.dispose();
      editor.current = null;
    };
    // The editor is created once; text, language and label are applied by the effects below.
  }, []);

  useEffect(() => {
    const ed = editor.current;
    if (!ed) return;
    const old = ed.getModel();
    ed.setModel(monaco.editor.createModel(text, language));
    old?.dispose();
    ed.updateOptions({ ariaLabel: label });
  }, [text, language, label]);

  useEffect(() => {
    monaco.editor.setTheme(scheme === 'dark' ? 'vs-dark' : 'vs');
  }, [scheme]);

  return <div className="code-view" ref={host} data-testid="code-view" />;
}
