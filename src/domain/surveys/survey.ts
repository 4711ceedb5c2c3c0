import type { SurveyEvent, SurveySubmitted } from './survey-events';

export interface SurveyState {
  /** What was submitted, once it has been. */
  submitted?: SurveySubmitted['data'];
}

export const initialSurveyState = (): SurveyState => ({});

export function evolveSurvey(state: SurveyState, event: SurveyEvent): SurveyState {
  switch (event.type) {
    case 'SurveySubmitted':
      return { ...state, submitted: event.data };
  }
}
