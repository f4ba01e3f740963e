import type { ServerResponse } from 'node:http';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type Basemap, type CityPackManifest, LAYER_KINDS } from '@urban-brain/city-pack';
import { RequireRole } from '../auth/route-access.decorator';
import { NotFoundResponseDto } from '../common/domain-error-response.dto';
import { BASEMAP_RESPONSE_SCHEMA, CITY_LAYER_RESPONSE_SCHEMA, CITY_PACK_MANIFEST_RESPONSE_SCHEMA } from './basemap-response.schema';
import { type CachedBody, CityService } from './city.service';

// An hour keeps wall screens off the API; the ETag makes the revalidation after that a 304. Private: it
// is answered to signed-in users only, so no shared cache may hand it to anyone else.
const CACHE_CONTROL = 'private, max-age=3600';

@ApiTags('city')
@RequireRole('operator')
@Controller('city')
export class CityController {
  constructor(private readonly city: CityService) {}

  @Get('basemap')
  @Header('Cache-Control', CACHE_CONTROL)
  @ApiOperation({ summary: 'Offline base map of the city (districts, roads, streets, river, lake, sites), drawn from the city pack' })
  @ApiOkResponse({ description: 'The base map; carries ETag and Cache-Control', schema: BASEMAP_RESPONSE_SCHEMA })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' })
  basemap(@Res({ passthrough: true }) res: ServerResponse): Basemap {
    return withEtag(res, this.city.basemap());
  }

  @Get('pack')
  @Header('Cache-Control', CACHE_CONTROL)
  @ApiOperation({ summary: "The city pack's manifest: id, names, centre, bbox, whether it is approximate, attribution, layers" })
  @ApiOkResponse({ description: 'manifest.json of the loaded pack', schema: CITY_PACK_MANIFEST_RESPONSE_SCHEMA })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' })
  manifest(@Res({ passthrough: true }) res: ServerResponse): CityPackManifest {
    return withEtag(res, this.city.manifest());
  }

  @Get('pack/layers/:layer')
  @Header('Cache-Control', CACHE_CONTROL)
  @ApiOperation({ summary: 'One layer of the city pack as GeoJSON' })
  @ApiParam({ name: 'layer', enum: LAYER_KINDS })
  @ApiOkResponse({ description: 'A GeoJSON FeatureCollection', schema: CITY_LAYER_RESPONSE_SCHEMA })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' })
  @ApiNotFoundResponse({ type: NotFoundResponseDto, description: 'No such layer kind' })
  layer(@Param('layer') layer: string, @Res({ passthrough: true }) res: ServerResponse): unknown {
    return withEtag(res, this.city.layer(layer));
  }
}

// Express answers 304 itself when If-None-Match matches an ETag already set on the response.
function withEtag<T>(res: ServerResponse, { body, etag }: CachedBody<T>): T {
  res.setHeader('ETag', etag);
  return body;
}
