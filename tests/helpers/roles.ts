/** The app's role in tests (not `luoshi_app`, so a test run never changes a real installation's role). */
export const TEST_APP_ROLE = 'luoshi_test_app';
export const TEST_APP_PASSWORD = 'luoshi-test-app';
