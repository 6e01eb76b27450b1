// Setup file of every vitest project (vitest.config.ts): after each test file, the directories it
// made with temporaryDirectory() outside its tests are removed (those made in a test go when it ends).
import { removeFileDirectoriesAfterTheFile } from './temporary-directory';

removeFileDirectoriesAfterTheFile();
