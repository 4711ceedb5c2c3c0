import { Module } from '@nestjs/common';
import { OrderQueries } from '../../application/orders/order-queries';
import { SurveyAnalytics } from '../../application/surveys/survey-analytics';
import { SurveyCommands } from '../../application/surveys/survey-commands';
import { SurveySubmissions } from '../../application/surveys/survey-submissions';
import type { Infrastructure } from '../../infra/infrastructure';
import { IdentityModule } from '../identity/identity.module';
import { OrdersModule } from '../orders/orders.module';
import { INFRASTRUCTURE } from '../tokens';
import { AdminSurveyAnalyticsController } from './admin-survey-analytics.controller';
import { SurveysController } from './surveys.controller';

/** Feedback surveys from customers, and the admins' view of them from the analytics side. */
@Module({
  imports: [IdentityModule, OrdersModule],
  controllers: [SurveysController, AdminSurveyAnalyticsController],
  providers: [
    {
      provide: SurveySubmissions,
      inject: [INFRASTRUCTURE, OrderQueries],
      useFactory: (i: Infrastructure, orders: OrderQueries) =>
        new SurveySubmissions(new SurveyCommands(i.eventStore), orders),
    },
    {
      provide: SurveyAnalytics,
      inject: [INFRASTRUCTURE],
      useFactory: (i: Infrastructure) => new SurveyAnalytics(i.db),
    },
  ],
})
export class SurveysModule {}
