// Rules we would defend: the recommended sets of ESLint, typescript-eslint and React hooks,
// plus a few that catch real mistakes in this code base (floating promises, unused values).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx}'],
		languageOptions: {
			globals: globals.node,
			parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
		},
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'error',
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			'@typescript-eslint/consistent-type-imports': ['error', {fixStyle: 'inline-type-imports'}],
			eqeqeq: ['error', 'always'],
			'no-control-regex': 'off', // The sanitiser's whole job is matching control characters.
		},
	},
	// node:test's test() returns a promise that the runner itself awaits.
	// End-to-end tests keep `screen = await session.waitFor(...)` as one idiom even where that screen is not read again.
	{files: ['test/**'], rules: {'@typescript-eslint/no-floating-promises': 'off', 'no-useless-assignment': 'off'}},
	{files: ['**/*.{js,mjs}'], languageOptions: {globals: globals.node}},
);
