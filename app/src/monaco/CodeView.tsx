// A read-only Monaco view of one text (C source, skeleton header). Loaded lazily: import it through LazyCodeView.
import { useEffect, useRef } from 'react';
import { monaco } from './monaco.ts';
import { useColorScheme } from '../hooks/use-color-scheme.ts';
import './line-highlight.css';

// Monaco measures glyphs with this font stack, so it is spelled out (a CSS variable would not be resolved).
const MONO = "'JetBrains Mono', 'Fira Code', 'DejaVu Sans Mono', 'Liberation Mono', monospace";

export interface CodeViewProps {
  text: string;
  language: 'c';
  /** A label for screen readers ("minimal.bpf.c"). */
  label: string;
  /** A 1-based line to reveal (centred) and highlight, e.g. the source line of an instruction. */
  line?: number;
}

export default function CodeView({ text, language, label, line }: CodeViewProps) {
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
    const ed = editor.current;
    if (!ed || line === undefined) return;
    ed.revealLineInCenter(line);
    const marks = ed.createDecorationsCollection([
      { range: new monaco.Range(line, 1, line, 1), options: { isWholeLine: true, className: 'code-line-hl', linesDecorationsClassName: 'code-line-hl__gutter' } },
    ]);
    return () => marks.clear();
  }, [text, line]);

  useEffect(() => {
    monaco.editor.setTheme(scheme === 'dark' ? 'vs-dark' : 'vs');
  }, [scheme]);

  return <div className="code-view" ref={host} data-testid="code-view" data-line={line} />;
}
